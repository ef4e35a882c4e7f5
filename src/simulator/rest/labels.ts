/** Repository labels. Names are case-insensitive and may arrive URL-encoded (`goal%3Aship`). */
import { notFound, requireFields } from '../errors.js';
import { route } from '../router.js';

export const labelRoutes = [
  route('GET /repos/{owner}/{repo}/labels', { docs: 'issues/labels#list-labels-for-a-repository' }, (context) => {
    const repo = context.repo();
    return context.paginate([...repo.labels.values()]).map((label) => context.shapes.label(repo, label));
  }),

  route('POST /repos/{owner}/{repo}/labels', { status: 201, docs: 'issues/labels#create-a-label' }, (context) => {
    const repo = context.repo();
    requireFields(context.params, ['name']);
    const { name, color, description } = context.params;
    return context.shapes.label(repo, context.state.createLabel(repo, { name: String(name), color, description }));
  }),

  route('GET /repos/{owner}/{repo}/labels/{name}', { docs: 'issues/labels#get-a-label' }, (context) => {
    const repo = context.repo();
    const label = context.state.findLabel(repo, context.params.name);
    if (!label) throw notFound();
    return context.shapes.label(repo, label);
  }),

  route('PATCH /repos/{owner}/{repo}/labels/{name}', { docs: 'issues/labels#update-a-label' }, (context) => {
    const repo = context.repo();
    const label = context.state.findLabel(repo, context.params.name);
    if (!label) throw notFound();
    const { new_name: newName, color, description } = context.params;
    return context.shapes.label(repo, context.state.updateLabel(repo, label, { newName, color, description }));
  }),
];
