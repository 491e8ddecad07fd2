// New allow entries spliced into the user's policy file. The file is read with the yaml Document
// API to find where `allow` is, and only the new entries are written by it: re-printing the whole
// document would move the user's comments and respace their lists, and the diff would show that.
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, type YAMLMap } from 'yaml';
import { err, ok, type Result } from '../core/errors';

export interface NewAllowRule {
  patterns: readonly string[];
  /** One line above the entry: where it came from. */
  comment: string;
}

const HEADER =
  '# bulwark user policy: applies to every project (see `bulwark policy show`).\n' +
  '# Allow rules only turn "no objection" into allow; a rule that asks or denies still wins.\n';

/** The entries as block-list items at `indent`, written by the yaml library. */
function blockItems(items: readonly unknown[], comments: ReadonlyArray<string | undefined>, indent: number) {
  const doc = new Document(items);
  if (isSeq(doc.contents)) {
    doc.contents.items.forEach((item, i) => {
      if (!isMap(item)) return;
      const comment = comments[i];
      if (comment) item.commentBefore = ` ${comment}`;
      const commands = item.get('commands', true);
      if (isSeq(commands)) {
        commands.flow = true;
        for (const word of commands.items) if (isScalar(word)) word.type = Scalar.QUOTE_DOUBLE;
      }
    });
  }
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${pad}${line}`))
    .join('\n');
}

function entries(rules: readonly NewAllowRule[]) {
  return rules.map((rule) => ({ tool: 'Bash', commands: [...rule.patterns] }));
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** `text` (the file's content, '' when it does not exist) with the rules added to its `allow` list. */
export function addAllowRules(text: string, rules: readonly NewAllowRule[]): Result<string, string> {
  const items = entries(rules);
  const comments = rules.map((rule) => rule.comment);
  const doc = parseDocument(text);
  const [problem] = doc.errors;
  if (problem) return err(`it is not valid YAML (${problem.message})`);
  const top = doc.contents;
  const appendList = () =>
    ok(`${text.trim() === '' ? HEADER : withNewline(text)}allow:\n${blockItems(items, comments, 2)}`);
  if (top === null || (isScalar(top) && top.value === null)) return appendList();
  if (!isMap(top) || top.flow) return err('its top level is not a block mapping (`key: value` lines)');
  const pair = (top as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === 'allow');
  if (!pair) return appendList();
  const value = pair.value;
  const key = isScalar(pair.key) ? pair.key.range : undefined;
  if (!key) return err('its `allow` key could not be located');

  if (isSeq(value) && !value.flow && value.items.length > 0 && value.range) {
    // A block list: the new items go after its last one, at the same indentation.
    const at = value.range[1];
    const lead = at === 0 || text[at - 1] === '\n' ? '' : '\n';
    const block = blockItems(items, comments, columnOf(text, value.range[0]));
    return ok(`${text.slice(0, at)}${lead}${block}${text.slice(at)}`);
  }
  const empty = value === null || (isScalar(value) && (value.value === null || value.value === ''));
  const flow = isSeq(value) && value.flow && value.range ? value.range : undefined;
  if (!empty && !flow) return err('its `allow` is not a list');
  // `allow:`, `allow: []` or a flow list: it becomes a block list of the old items and the new,
  // and whatever followed the value on its line (a comment) stays.
  const old = flow && isSeq(value) ? (value.toJSON() as unknown[]) : [];
  const lineEnd = endOfLine(text, flow ? flow[1] : key[1]);
  const head = flow
    ? text.slice(0, flow[0]).replace(/ +$/, '') + text.slice(flow[1], lineEnd)
    : text.slice(0, lineEnd);
  const block = blockItems(
    [...old, ...items],
    [...old.map(() => undefined), ...comments],
    columnOf(text, key[0]) + 2,
  );
  return ok(`${withNewline(head)}${block}${text.slice(lineEnd)}`);
}
