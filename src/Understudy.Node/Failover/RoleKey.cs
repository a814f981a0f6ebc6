namespace Understudy.Node.Failover;

/// <summary>One ownership run of a role: a change of any part means stop and start again.</summary>
/// <param name="Role">Role name.</param>
/// <param name="Token">Fencing token.</param>
/// <param name="Revision">Definition revision.</param>
/// <param name="Restarts">Restart count (a restart in place bumps it).</param>
internal sealed record RoleKey(string Role, long Token, int Revision, int Restarts);
