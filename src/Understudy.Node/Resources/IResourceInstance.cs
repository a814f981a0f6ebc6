namespace Understudy.Node.Resources;

/// <summary>One resource running (or starting) on this node.</summary>
internal interface IResourceInstance
{
    /// <summary>Completes once the resource is online; throws <see cref="ResourceFailedException"/> if it cannot be.</summary>
    Task StartAsync(CancellationToken token);

    /// <summary>Completes, with the reason, when the resource fails after it came online.</summary>
    Task<string> Failure { get; }

    /// <summary>Takes the resource offline; never throws for a resource that already failed.</summary>
    Task StopAsync(CancellationToken token);

    /// <summary>How the last stop went when it was more than a stop (a VM live-migrated to the new
    /// owner), for the event log; null otherwise.</summary>
    string? StopNote => null;
}
