namespace Understudy.Cli.Commands;

/// <summary>
/// The exit codes of every <c>understudy</c> command, the same everywhere (docs/operations.md
/// "Exit codes"), so a script can tell "fix your command" from "try again later" from "the
/// cluster said no". Add codes; never renumber one.
/// </summary>
internal static class CliExit
{
    /// <summary>Done; with <c>--wait</c>, the cluster reached the state asked for.</summary>
    public const int Ok = 0;

    /// <summary>Something failed that no other code describes (a node answered with a 500).</summary>
    public const int Failed = 1;

    /// <summary>Bad input: an unknown option, a missing argument, a cluster file or role file with problems, a --node that is not a URL.</summary>
    public const int BadInput = 2;

    /// <summary>No node of the cluster answered.</summary>
    public const int Unreachable = 3;

    /// <summary>The cluster refused the change (its rules say no: a move to a node that cannot host the role, a member state that does not take the operation, a wrong token).</summary>
    public const int Refused = 4;

    /// <summary>The named role, node, NLB member or VM does not exist.</summary>
    public const int NotFound = 5;

    /// <summary>Nodes answered but none is a leader with a majority: nothing can be committed now.</summary>
    public const int NoQuorum = 6;

    /// <summary><c>--wait</c>: the change was committed but the cluster did not reach the state within <c>--timeout</c>.</summary>
    public const int Timeout = 7;
}
