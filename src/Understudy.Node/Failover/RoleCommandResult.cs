using System.Collections.Immutable;
using Understudy.Core.Database;
using Understudy.Node.Api;

namespace Understudy.Node.Failover;

/// <summary>Commands to commit for an API call, or why the call is refused.</summary>
internal sealed record RoleCommandResult(ImmutableArray<ClusterCommand> Commands, ApiError? Error)
{
    public static implicit operator RoleCommandResult(ImmutableArray<ClusterCommand> commands) => new(commands, null);
}
