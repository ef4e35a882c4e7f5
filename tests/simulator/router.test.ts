import { describe, expect, it } from 'vitest';
import { Router, linkHeader, pageWindow, route } from '../../src/simulator/router.js';

const docs = 'test';
const router = new Router([
  route('GET /repos/{owner}/{repo}/contents/{path}', { docs }, () => ({
    type: 'file' as const,
    encoding: 'base64',
    size: 0,
    name: '',
    path: '',
    content: '',
    sha: '',
    url: '',
    git_url: null,
    html_url: null,
    download_url: null,
    _links: { git: null, html: null, self: '' },
  })),
  route('GET /repos/{owner}/{repo}/issues/{issue_number}', { docs }, () => {
    throw new Error('not called');
  }),
  route('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { docs }, () => {
    throw new Error('not called');
  }),
  route('GET /repos/{owner}/{repo}/labels/{name}', { docs }, () => ({
    id: 1,
    node_id: '',
    url: '',
    name: '',
    description: null,
    color: '',
    default: false,
  })),
]);

describe('simulator router', () => {
  it('only compiles real GitHub routes with GitHub-shaped bodies', () => {
    // @ts-expect-error not a GitHub route
    route('GET /repos/{owner}/{repo}/roadmap', { docs }, () => ({}));
    // @ts-expect-error a label needs id, node_id, url, color, default and description
    route('GET /repos/{owner}/{repo}/labels/{name}', { docs }, () => ({ name: 'goal:x' }));
    expect(router.match('GET', '/repos/acme/roadmap/labels/x')?.definition.key).toBe('GET /repos/{owner}/{repo}/labels/{name}');
  });

  it('decodes parameters, lets file paths span segments, and reads integer parameters as numbers', () => {
    expect(router.match('GET', '/repos/acme/roadmap/contents/docs%2Fgoals/a%20b.md')?.pathParams).toEqual({
      owner: 'acme',
      repo: 'roadmap',
      path: 'docs/goals/a b.md',
    });
    expect(router.match('GET', '/repos/acme/roadmap/contents')?.pathParams.path).toBe('');
    expect(router.match('GET', '/repos/acme/roadmap/labels/goal%3Aship')?.pathParams.name).toBe('goal:ship');
    expect(router.match('GET', '/repos/acme/roadmap/issues/12')?.pathParams.issue_number).toBe(12);
    expect(router.match('PATCH', '/repos/acme/roadmap/issues/comments/5')?.definition.key).toBe(
      'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
    );
  });

  it('matches nothing for other methods, non-integer ids or extra segments', () => {
    expect(router.match('DELETE', '/repos/acme/roadmap/issues/12')).toBeNull();
    expect(router.match('GET', '/repos/acme/roadmap/issues/twelve')).toBeNull();
    expect(router.match('GET', '/repos/acme/roadmap/labels/a/b')).toBeNull();
    expect(router.match('GET', '/repos/acme/roadmap/labels/%E0%A4%A')).toBeNull();
  });

  it('reads per_page (default 30, capped at 100) and page, and links pages like GitHub', () => {
    expect(pageWindow({})).toEqual({ perPage: 30, page: 1 });
    expect(pageWindow({ per_page: 1000, page: 3 })).toEqual({ perPage: 100, page: 3 });
    const url = new URL('http://127.0.0.1:1/repos/acme/roadmap/issues?per_page=10&page=2');
    expect(linkHeader(url, 2, 4)).toBe(
      '<http://127.0.0.1:1/repos/acme/roadmap/issues?per_page=10&page=1>; rel="prev", <http://127.0.0.1:1/repos/acme/roadmap/issues?per_page=10&page=3>; rel="next", <http://127.0.0.1:1/repos/acme/roadmap/issues?per_page=10&page=4>; rel="last", <http://127.0.0.1:1/repos/acme/roadmap/issues?per_page=10&page=1>; rel="first"',
    );
    expect(linkHeader(url, 1, 1)).toBeNull();
  });
});
