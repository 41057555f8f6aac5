/** JSON values, strict parsing, Matrix canonical JSON and the JSON forms LiveKit hashes are computed over. */
module dev.myelin.json {
    exports dev.myelin.json;
}
