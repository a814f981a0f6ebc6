using Understudy.Core.Failover;

namespace Understudy.Core.Backup;

/// <summary>One role of a backup: its definition, and whether an operator had stopped it.</summary>
public sealed record RestoredRole(RoleDefinition Definition, bool Stopped);
