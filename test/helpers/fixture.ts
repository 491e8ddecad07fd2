// The fixture the rule cases run in (described at the top of src/engines/files/rules.yaml).
import { createSandbox, type Sandbox } from './sandbox';

export function createRuleFixture(): Sandbox {
  const sandbox = createSandbox();
  sandbox.write(
    '~/.ssh/id_rsa',
    '-----BEGIN OPENSSH PRIVATE KEY-----\nfixture\n-----END OPENSSH PRIVATE KEY-----\n',
  );
  sandbox.write('~/.ssh/id_rsa.pub', 'ssh-ed25519 AAAA fixture\n');
  sandbox.write('~/.ssh/known_hosts', 'example.com ssh-ed25519 AAAA\n');
  sandbox.write('~/.aws/credentials', '[default]\naws_access_key_id = fixture\n');
  sandbox.write('~/.aws/config', '[default]\nregion = eu-west-1\n');
  sandbox.write('~/.gnupg/pubring.kbx', 'fixture');
  sandbox.link('~/link-to-key', '~/.ssh/id_rsa');
  sandbox.write('.gitignore', '.env\n.env.*\n!.env.example\n');
  sandbox.write('.env', 'API_TOKEN=fixture\n');
  sandbox.write('.env.example', 'API_TOKEN=\n');
  sandbox.write('config/.env.local', 'API_TOKEN=fixture\n');
  sandbox.write('config/settings.json', '{}\n');
  sandbox.write('keys/server.pem', '-----BEGIN PRIVATE KEY-----\nfixture\n-----END PRIVATE KEY-----\n');
  sandbox.write('src/app.ts', 'export const app = 1;\n');
  sandbox.write('docs/guide.md', '# Guide\n');
  sandbox.link('notes', '~/.bashrc');
  return sandbox;
}
