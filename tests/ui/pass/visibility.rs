// Generated types follow the trait's visibility; a private trait in a
// module with `deny(unreachable_pub)`.
#![deny(unreachable_pub, dead_code)]

mod inner {
    use electron_ipc::service;

    #[service]
    pub(crate) trait Todos {
        fn count(&self) -> u32;
        #[ipc(event)]
        fn changed(id: u32);
    }

    #[service]
    trait Hidden {
        fn secret(&self) -> u32;
    }

    struct H;
    impl Hidden for H {
        fn secret(&self) -> u32 {
            1
        }
    }

    pub(crate) fn hidden() -> electron_ipc::Router {
        electron_ipc::Router::new().service(HiddenService::new(H))
    }
}

struct Impl;

impl inner::Todos for Impl {
    fn count(&self) -> u32 {
        0
    }
}

fn main() {
    let service = inner::TodosService::new(Impl);
    let _ = service.inner();
    let _ = inner::TodosService::from_arc(std::sync::Arc::clone(service.inner()));
    let events = inner::TodosEvents::new(electron_ipc::Emitter::new());
    let _ = events.emitter();
    let _ = events.changed(electron_ipc::Target::All, &1);
    let _ = inner::hidden();
}
