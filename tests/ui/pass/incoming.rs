use electron_ipc::{service, Bytes, Context, Incoming, Stream};
use futures_util::StreamExt;

#[derive(serde::Serialize, electron_ipc::TS)]
pub struct Digest {
    pub size: u32,
}

#[derive(serde::Serialize, electron_ipc::TS)]
pub enum UploadError {
    Broken,
}

#[service]
pub trait Files {
    /// Page to main, answered once.
    async fn upload(&self, name: String, chunks: Incoming<Bytes>) -> Result<Digest, UploadError>;
    /// Both ways.
    fn chat(&self, input: electron_ipc::Incoming<String>) -> Stream<String>;
    /// Both ways, with a setup error and the context.
    async fn tail(
        &self,
        ctx: &Context,
        input: Incoming<u32>,
        label: String,
    ) -> Result<Stream<String, UploadError>, UploadError>;
    /// Answered at once, the stream handed on.
    fn keep(&self, input: Incoming<u32>);
}

struct MyFiles;

impl Files for MyFiles {
    async fn upload(&self, _name: String, mut chunks: Incoming<Bytes>) -> Result<Digest, UploadError> {
        let mut size = 0;
        while let Some(chunk) = chunks.next().await {
            size += chunk.map_err(|_| UploadError::Broken)?.len() as u32;
        }
        Ok(Digest { size })
    }

    fn chat(&self, input: Incoming<String>) -> Stream<String> {
        Stream::new(input.filter_map(|item| async move { item.ok() }))
    }

    async fn tail(
        &self,
        _ctx: &Context,
        input: Incoming<u32>,
        label: String,
    ) -> Result<Stream<String, UploadError>, UploadError> {
        Ok(Stream::new(input.map(move |n| format!("{label}{n:?}"))))
    }

    fn keep(&self, input: Incoming<u32>) {
        drop(input);
    }
}

fn main() {
    let _ = electron_ipc::Router::new().service(FilesService::new(MyFiles));
}
