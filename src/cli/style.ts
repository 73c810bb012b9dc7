// The one module that imports chalk: colours and symbols for the terminal, honouring NO_COLOR,
// FORCE_COLOR and output that is not a terminal (chalk's own detection).
import chalk from 'chalk';

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
