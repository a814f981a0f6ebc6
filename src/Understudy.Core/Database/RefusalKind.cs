namespace Understudy.Core.Database;

/// <summary>Why an operator's call is refused, as a class the API answers with a status of its own
/// (the CLI's exit codes tell them apart, docs/operations.md "Exit codes").</summary>
public enum RefusalKind
{
    /// <summary>The cluster's rules refuse the change (HTTP 400).</summary>
    BadRequest,

    /// <summary>The named role or node does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>This node cannot make the change now, another may: not the leader, no quorum (HTTP 409).</summary>
    Conflict,

    /// <summary>The change could not be committed (HTTP 503).</summary>
    Unavailable,
}
