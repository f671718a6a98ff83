use electron_ipc::service;

// `window.history` exists before any preload runs: exposing a namespace of
// that name throws in `contextBridge.exposeInMainWorld`.
#[service]
pub trait History {
    fn back(&self);
}

#[service(namespace = "crypto")]
pub trait Keys {
    fn generate(&self) -> u32;
}

// Inherited from `Object.prototype`.
#[service(namespace = "toString")]
pub trait Text {
    fn length(&self) -> u32;
}

fn main() {}
