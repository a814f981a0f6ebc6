namespace Understudy.Cli.Commands;

/// <summary>What a state-changing call came to: the exit code, the leader that took it, the
/// database version it committed (null when the call does not say), or why it was refused.</summary>
internal sealed record ChangeOutcome(int Code, string? Leader, long? Version, string? Error)
{
    /// <summary>The answer's body when the cluster took the call (a backup), else null.</summary>
    public string? Body { get; init; }

    /// <summary>True when the cluster took the change.</summary>
    public bool Committed => Code == CliExit.Ok;
}
