// The YAML parser for --map files, in its own chunk so a run without --map never loads it.
import { parse } from 'yaml';

export const parseYaml = (text: string): unknown => parse(text);
