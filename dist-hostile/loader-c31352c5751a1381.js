import init, * as bindings from './mecfs-timeline-b44955cd9b76ee8b.js';
const wasm = await init({ module_or_path: './mecfs-timeline-b44955cd9b76ee8b_bg.wasm' });


window.wasmBindings = bindings;


dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
