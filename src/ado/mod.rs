//! The Azure DevOps client: two dialects (the web UI's routes and the public PAT Lifecycle API)
//! behind one trait. Nothing outside this module sees a wire type.
