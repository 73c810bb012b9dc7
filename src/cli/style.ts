// The one module that imports chalk: colours and symbols for the terminal, honouring NO_COLOR,
// --no-color, FORCE_COLOR and output that is not a terminal.
import chalk from 'chalk';

// chalk follows FORCE_COLOR and --no-color but not NO_COLOR at a terminal (https://no-color.org: set
// and not empty means no colour). --no-color also reaches the prompts, which follow NO_COLOR.
if (process.argv.includes('--no-color')) process.env.NO_COLOR = '1';
if (process.env.NO_COLOR && !process.env.FORCE_COLOR) chalk.level = 0;

export const style = {
  bold: (s: string) => chalk.bold(s),
  dim: (s: string) => chalk.dim(s),
  good: (s: string) => chalk.green(s),
  warn: (s: string) => chalk.yellow(s),
  bad: (s: string) => chalk.red(s),
  info: (s: string) => chalk.cyan(s),
  code: (s: string) => chalk.cyan(s),
  heading: (s: string) => chalk.bold.underline(s),
};

export const colourEnabled = () => chalk.level > 0;

/** Plain symbols when colour (and so probably Unicode rendering) is off. */
export const sym = {
  ok: () => (colourEnabled() ? chalk.green('✔') : '[ok]'),
  cond: () => (colourEnabled() ? chalk.yellow('◆') : '[if]'),
  review: () => (colourEnabled() ? chalk.yellow('?') : '[review]'),
  fail: () => (colourEnabled() ? chalk.red('✘') : '[no]'),
  unknown: () => (colourEnabled() ? chalk.blue('…') : '[?]'),
  na: () => (colourEnabled() ? chalk.dim('–') : '[n/a]'),
  bullet: () => (colourEnabled() ? '•' : '-'),
};
