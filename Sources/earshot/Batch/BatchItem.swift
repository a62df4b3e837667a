/// One recording to analyse in a batch, with what the manifest or the options say about it.
struct BatchItem: Equatable {
    var path: String
    var agent: String?
    var callID: String?
    var agentChannel: Int?
    /// What is wrong with the manifest's row for it (no path, an agent channel that is not 0 or 1): the row is not
    /// analysed, counts as failed, and the batch goes on.
    var manifestError: String? = nil
    /// What is known to be wrong with the file before it is opened (a name that is not UTF-8): it gets a failed
    /// row with this error.
    var inputError: String? = nil
    /// Why the path as written cannot reach the file it names as text (`nn/../a.wav` with `nn` missing, where the
    /// kernel stops at `nn`; `BatchInputs.unreachableSpelling(_:)`): it is not analysed and counts as failed, so that
    /// its failure does not take the place of the file's saved analysis.
    var unreachable: String? = nil
    /// Why a recording analysed into the output folder earlier is not analysed now: it is gone (archived, a share not
    /// mounted). A run without `--resume` counts it as failed and keeps its saved analysis (`--resume` keeps it as
    /// done): a failure in its place could never be undone.
    var gone: String? = nil
    /// What makes it fail alone, before it is opened, if anything: a manifest row that cannot be used, a path
    /// that cannot be followed, a recording gone since it was analysed.
    var refusal: String? { manifestError ?? unreachable ?? gone }
    /// The manifest line it comes from, for warnings that name rows.
    var line: Int? = nil
}
