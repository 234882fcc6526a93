import { describe, expect, it } from 'vitest';
import { pathSegments, withLines } from './yaml-lines.js';

const TEXT = [
  'id: city', // 1
  'version: 2', // 2
  'rules:', // 3
  '  - id: first', // 4
  '    points: 5', // 5
  '  - id: second', // 6
  '    category: court.*', // 7
  '    points: ten', // 8
  'lists:', // 9
  '  - id: debtors', // 10
].join('\n');

describe('the line of a document problem', () => {
  it('splits a path into keys and indexes', () => {
    expect(pathSegments('')).toEqual([]);
    expect(pathSegments('rules[1].points')).toEqual(['rules', 1, 'points']);
    expect(pathSegments('grades[0][2].min')).toEqual(['grades', 0, 2, 'min']);
    expect(pathSegments('base.person')).toEqual(['base', 'person']);
  });

  it('gives a key its line, an item its first line, and a missing key the line of what lacks it', () => {
    const problems = withLines(TEXT, [
      { path: 'rules[1].points', code: 'X', message: 'not a number' },
      { path: 'rules[0]', code: 'X', message: 'an item' },
      { path: 'lists[0].kind', code: 'X', message: 'kind is required' },
      { path: 'measures', code: 'X', message: 'measures are required' },
      { path: 'version', code: 'X', message: 'version' },
    ]);
    expect(problems.map((p) => p.line)).toEqual([8, 4, 10, undefined, 2]);
    expect(problems[0]).toEqual({
      path: 'rules[1].points',
      code: 'X',
      message: 'not a number',
      line: 8,
    });
  });

  it('gives each syntax error the line the parser finds it on', () => {
    const broken = 'id: city\nversion: 2\nrules:\n  - id: a\n   bad: [\n';
    const [problem] = withLines(broken, [{ path: '', code: 'PolicyYamlSyntax', message: 'bad' }]);
    expect(problem?.line).toBeGreaterThanOrEqual(5);
    expect(withLines('a: 1', [{ path: '', code: 'NotAnObject', message: 'x' }])[0]).toEqual({
      path: '',
      code: 'NotAnObject',
      message: 'x',
    });
  });
});
