// simple-peer's prebuilt bundle (works in the browser build and, with `wrtc`, in Node).
declare module 'simple-peer/simplepeer.min.js' {
  import SimplePeer from 'simple-peer';
  export default SimplePeer;
}
