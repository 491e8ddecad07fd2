// Shell input built to be slow or to blow up: size, nesting, expansion bombs, recursion, long
// pipelines, huge inline code. `npm run bench` times the decision on each and prints the worst.
const repeat = (text, times) => text.repeat(times);

/** @type {Array<[label: string, command: string]>} */
export const HOSTILE_COMMANDS = [
  ['just over 64 KiB', `echo ${repeat('x', 65_600)}`],
  ['64 KiB of tiny commands', repeat('true;', 13_000)],
  ['4,000 commands in one pipeline', `${repeat('cat | ', 4_000)}cat`],
  ['command substitution 40 deep', `${repeat('echo $(', 40)}ls${repeat(')', 40)}`],
  ['subshells 1,000 deep', `${repeat('(', 1_000)}ls${repeat(')', 1_000)}`],
  ['parameter expansion 200 deep', `echo ${repeat('${x:-', 200)}y${repeat('}', 200)}`],
  ['brace product of 2^20 words', `echo ${repeat('{a,b}', 20)}`],
  ['brace sequence of 10^8 words', 'echo {1..100000000}'],
  ['brace sequence as the program', '{1..100000000}'],
  ['glob over the whole file system', 'ls /*/*/*/*/*/*'],
  ['globs with many stars', `ls ${repeat('*', 2_000)}x`],
  ['variable doubled 40 times', `x=ab; ${repeat('x=$x$x; ', 40)}echo $x`],
  ['alias loop', 'alias a=b; alias b=a; a'],
  ['recursive function', 'f() { f; f; }; f'],
  ['eval 30 deep', `${repeat('eval "', 30)}ls${repeat('"', 30)}`],
  ['bash -c 30 deep', `${repeat("bash -c '", 1)}${repeat('bash -c \\"', 30)}ls`],
  ['500 here-documents', repeat('cat <<E\nx\nE\n', 500)],
  ['nested loops 30 deep', `${repeat('for i in 1 2; do ', 30)}rm -rf ~${repeat('; done', 30)}`],
  ['60 KiB of python', `python3 -c '${repeat('x = [1, 2, 3]\n', 4_600)}'`],
  ['60 KiB of javascript', `node -e '${repeat('let a = [1, {b: 2}]; ', 2_900)}'`],
  ['60 KiB of perl', `perl -e '${repeat('my @a = (1, 2); ', 3_800)}'`],
  ['deeply nested python', `python3 -c '${repeat('[', 3_000)}${repeat(']', 3_000)}'`],
  ['curl with a 60 KiB address', `curl https://example.com/${repeat('a', 60_000)}!`],
  ['xargs over find, 2,000 times', repeat('find . | xargs rm; ', 2_000)],
];
