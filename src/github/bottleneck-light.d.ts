// bottleneck/light.js is the same Bottleneck without its Redis clustering —
// the build @octokit/plugin-throttling itself uses — but ships no types of its own.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
