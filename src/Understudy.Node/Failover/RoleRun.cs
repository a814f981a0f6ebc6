using Understudy.Core.Failover;
using Understudy.Node.Hosting;
using Understudy.Node.Resources;

namespace Understudy.Node.Failover;

/// <summary>
/// One run of a role on this node: starts its resources in dependency order, watches them, and
/// on the first failure stops everything (reverse order) and reports which resource failed.
/// Each change the reconciler acts on — online, failed, stopped — raises <see cref="NodeChanges"/>.
/// </summary>
internal sealed class RoleRun
{
    private readonly List<(string Name, IResourceInstance Instance)> _started = [];
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _run;
    private readonly NodeChanges _changes;
    private Task? _stop;

    public RoleRun(RoleKey key, RoleDefinition definition, RoleContext context, IReadOnlyDictionary<ResourceKind, IResourceDriver> drivers, NodeChanges changes)
    {
        Key = key;
        _changes = changes;
        _run = RunAsync(definition, context, drivers, _cancel.Token);
    }

    public RoleKey Key { get; }

    /// <summary>True once every resource is online (and nothing has failed).</summary>
    public bool Online { get; private set; }

    /// <summary>The failed resource and why, once one failed (the run is then stopped).</summary>
    public (string Resource, string Reason)? Failed { get; private set; }

    /// <summary>What the stop did beyond stopping (<see cref="IResourceInstance.StopNote"/>), once stopped.</summary>
    public string? StopNote { get; private set; }

    /// <summary>True once the run is stopped and every resource is offline.</summary>
    public bool Stopped => _stop is { IsCompleted: true };

    /// <summary>Stops the run (idempotent).</summary>
    public Task StopAsync()
    {
        lock (_started)
        {
            _stop ??= BeginStop();
            return _stop;
        }
    }

    private async Task RunAsync(RoleDefinition definition, RoleContext context, IReadOnlyDictionary<ResourceKind, IResourceDriver> drivers, CancellationToken token)
    {
        await Task.Yield();
        foreach (var resource in definition.StartOrder())
        {
            var instance = drivers[resource.Kind].Create(resource, context);
            lock (_started)
            {
                if (token.IsCancellationRequested)
                {
                    return;
                }

                _started.Add((resource.Name, instance));
            }

            try
            {
                await instance.StartAsync(token);
            }
            catch (ResourceFailedException e)
            {
                Fail(resource.Name, e.Message);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Watched from the moment it is up, not once the whole role is: a server that dies
            // while a probe that depends on it is still starting fails the run at once (and the
            // stop cancels the probe's start), instead of when the probe's start times out,
            // blamed on the probe (issue 13).
            var name = resource.Name;
            _ = instance.Failure.ContinueWith(t => Fail(name, t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }

        lock (_started)
        {
            Online = _stop is null;
        }

        _changes.Raise();
    }

    private void Fail(string resource, string reason)
    {
        lock (_started)
        {
            if (_stop is null)
            {
                Online = false;
                Failed = (resource, reason);
                _stop = BeginStop();
            }
        }

        _changes.Raise();
    }

    private async Task StopCoreAsync()
    {
        await _cancel.CancelAsync();
        List<(string Name, IResourceInstance Instance)> started;
        lock (_started)
        {
            started = [.. _started];
        }

        started.Reverse();
        foreach (var (_, instance) in started)
        {
            try
            {
                await instance.StopAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is ResourceFailedException or InvalidOperationException or IOException)
            {
                // Best effort: a resource that cannot stop cleanly must not keep the others running.
            }
        }

        var notes = started.Select(s => s.Instance.StopNote).OfType<string>().ToList();
        StopNote = notes.Count > 0 ? string.Join("; ", notes) : null;
    }

    // Under the lock. The raise follows the stop task's completion, which is what Stopped reads.
    private Task BeginStop()
    {
        var stop = StopCoreAsync();
        _ = stop.ContinueWith(_ => _changes.Raise(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return stop;
    }
}
