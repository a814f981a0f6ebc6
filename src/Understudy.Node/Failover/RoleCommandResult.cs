using System.Collections.Immutable;
using Understudy.Core.Database;
using Understudy.Node.Api;

namespace Understudy.Node.Failover;

/// <summary>Commands to commit for an API call, or why the call is refused and with which HTTP
/// status: 400 for a change the cluster's rules refuse, 404 when the named role or node does not
/// exist (the CLI's exit codes tell the two apart, docs/operations.md "Exit codes").</summary>
internal sealed record RoleCommandResult(ImmutableArray<ClusterCommand> Commands, ApiError? Error, int Status = 400)
{
    /// <summary>A refusal because <paramref name="what"/> does not exist.</summary>
    public static RoleCommandResult NotFound(string what, string path) => new([], new ApiError(what, path), 404);

    public static implicit operator RoleCommandResult(ImmutableArray<ClusterCommand> commands) => new(commands, null);
}
