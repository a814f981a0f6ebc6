namespace Understudy.Core.Vms;

/// <summary>One service's state in a service report.</summary>
public sealed record ServiceStatus(string Name, ServiceState State);
