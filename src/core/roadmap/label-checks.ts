/** Goal ids whose label GitHub's name limit would cut (SPEC §6). */
import { MAX_LABEL_NAME } from '../model/github-limits.js';
import { goalLabelName } from '../model/labels.js';
import type { Diagnostic, RoadmapNode } from '../model/model.js';
import { clip, diagnostic } from '../model/diagnostics.js';

export function checkLabels(nodes: RoadmapNode[], prefix: string, diagnostics: Diagnostic[]): void {
  for (const node of nodes) {
    const label = goalLabelName(node.id, prefix);
    if (!label.truncated) continue;
    diagnostics.push(
      diagnostic(
        'warning',
        'label-too-long',
        node.file,
        node.line,
        `The label "${prefix}${clip(node.id)}" is longer than GitHub's ${MAX_LABEL_NAME} characters, so it becomes "${label.name}"; choose a shorter id to keep the label readable.`,
        node.id,
      ),
    );
  }
}
