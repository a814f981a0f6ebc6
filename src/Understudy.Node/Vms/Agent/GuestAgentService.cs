namespace Understudy.Node.Vms.Agent;

/// <summary>One monitored service in <see cref="GuestAgentConfig"/>.</summary>
public sealed record GuestAgentService(string Name, string Check);
