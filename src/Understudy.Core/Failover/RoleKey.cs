namespace Understudy.Core.Failover;

/// <summary>One ownership run of a role (or of a clone role's instance on one node): a change of
/// any part means stop and start again.</summary>
/// <param name="Role">Role name.</param>
/// <param name="Token">Fencing token (the instance's, for a clone role).</param>
/// <param name="Revision">Definition revision.</param>
/// <param name="Restarts">Restart count (a restart in place bumps it).</param>
public sealed record RoleKey(string Role, long Token, int Revision, int Restarts);
