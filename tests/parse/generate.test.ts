import { describe, expect, it } from 'vitest';
import { generateChainRoadmap, generateYamlRoadmap } from '../../src/bench/generate.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';

describe('benchmark roadmaps', () => {
  it('files of trees linked into one DAG parse cleanly, with the right size', () => {
    const files = generateYamlRoadmap({ files: 4, nodesPerFile: 25 });
    expect(files.map((file) => file.path)).toEqual([
      'roadmap/area-00.yml',
      'roadmap/area-01.yml',
      'roadmap/area-02.yml',
      'roadmap/area-03.yml',
    ]);
    const roadmap = parseRoadmap(files, { labelPrefix: 'goal:' });
    expect(roadmap.nodes).toHaveLength(100);
    expect(roadmap.diagnostics).toEqual([]);
    const root = roadmap.nodes[0];
    expect(root.requires).toEqual(['area-00-node-01', 'area-00-node-02', 'area-00-node-03', 'area-01-node-00', 'area-02-node-00']);
    expect(root.items).toHaveLength(3);
    expect(root.targets).toHaveLength(2);
    expect(root.statusQuo?.asOf?.start).not.toBeNull();
    expect(roadmap.nodes.filter((node) => node.kind === 'goal').length).toBeGreaterThan(0);
  });

  it('a chain: every node requires the one before, split into files of 100', () => {
    const files = generateChainRoadmap(250);
    expect(files).toHaveLength(3);
    const roadmap = parseRoadmap(files, { labelPrefix: 'goal:' });
    expect(roadmap.diagnostics).toEqual([]);
    expect(roadmap.nodes).toHaveLength(250);
    expect(roadmap.nodes[249].requires).toEqual(['step-248']);
    const mean = roadmap.nodes.reduce((sum, node) => sum + node.ownProgress, 0) / 250;
    expect(roadmap.nodes[249].progress).toBeCloseTo(mean);
  });
});
