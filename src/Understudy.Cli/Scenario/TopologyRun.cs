using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Understudy.Cli.Commands;
using Understudy.Cli.Lab;
using Understudy.Cli.Processes;
using Understudy.Core.Config;
using Understudy.Core.Lab;

namespace Understudy.Cli.Scenario;

/// <summary>
/// One cell of the topology matrix, for real: starts the host cluster (and through its VMs the
/// guest cluster), waits until the service answers, injects the failure, then watches both
/// clusters' event logs and the service until the service answered again and a few seconds more,
/// or the window ends.
/// </summary>
internal sealed class TopologyRun(TopologySetup setup, TopologyFailure failure, TopologyNetwork net, string folder, TimeProvider time, TimeSpan window) : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private NamespaceSockets? _sockets;
    private HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(1) };
    private ApiTrust _trust = ApiTrust.System;
    private ClusterConfig? _guests;

    public async Task<TopologyOutcome> RunAsync(CancellationToken cancel)
    {
        Directory.CreateDirectory(folder);
        var file = setup.Write(folder, net);
        var config = ClusterFileInput.Load(file, Console.Error) ?? throw new InvalidOperationException("the scenario's cluster file is not valid");
        // A fresh cluster: its operator token is generation 0's.
        var token = ClusterApiToken.Resolve(null, config, Console.Error)?.For(0) ?? throw new InvalidOperationException("no API token");
        _guests = setup.Guests ? ClusterFileInput.Load(Path.Combine(folder, TopologySetup.GuestFileName), Console.Error) ?? throw new InvalidOperationException("the scenario's guest cluster file is not valid") : null;
        _trust = ApiTrust.For(config).Or(ApiTrust.For(_guests));
        LabState? lab = null;
        if (net.OnLan)
        {
            var planned = LabPlanner.Plan(config, await RootNetworks.ReadAsync());
            var plan = planned.Plan ?? throw new InvalidOperationException($"cannot make a host lab for the matrix: {string.Join("; ", planned.Errors)}");
            lab = await LabLifetime.CreateAsync(plan, file, TextWriter.Null);
            _sockets = new NamespaceSockets(plan.Client.Namespace);
        }

        _http.Dispose();
        _http = new HttpClient(_trust.Handler(_sockets?.Handler())) { Timeout = TimeSpan.FromSeconds(1) };

        var nodes = new Dictionary<string, NodeProcess>(StringComparer.Ordinal);
        try
        {
            foreach (var n in config.Nodes)
            {
                nodes[n.Name] = NodeProcess.Start(file, n, Path.Combine(folder, n.Name), lab?.Plan.Find(n.Name)!.Namespace, vmBridge: lab?.Plan.VmBridge);
            }

            return await MeasureAsync(config, token, nodes, cancel);
        }
        finally
        {
            foreach (var node in nodes.Values)
            {
                await node.DisposeAsync();
            }

            if (lab is not null)
            {
                await LabLifetime.RemoveAsync(lab);
            }
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _sockets?.Dispose();
    }

    private async Task<TopologyOutcome> MeasureAsync(ClusterConfig config, string token, Dictionary<string, NodeProcess> nodes, CancellationToken cancel)
    {
        var before = await WaitAsync(() => ServiceAsync(cancel), TimeSpan.FromSeconds(120), cancel);
        if (before is null)
        {
            return new(null, null, null, "the service never answered");
        }

        var vm = setup.Guests ? before.Value.Node : TopologySetup.HostVm;
        var vmRole = setup.Guests ? vm : "web";
        var hostUrls = config.Nodes.Select(n => n.ApiUrl).ToList();
        var guestUrls = _guests?.Nodes.Where(g => g.Name != vm).Select(g => g.ApiUrl).ToList() ?? [];
        var owner = await WaitAsync(() => OwnerAsync(hostUrls, vmRole, cancel), TimeSpan.FromSeconds(30), cancel);
        if (owner is null || (setup.Guests && await WaitAsync(() => LastEventAsync(guestUrls, cancel), TimeSpan.FromSeconds(30), cancel) is null))
        {
            return new(null, null, null, "no owner or no guest cluster");
        }

        var hostAfter = await LastEventAsync(hostUrls, cancel) ?? 0;
        var guestAfter = setup.Guests ? await LastEventAsync(guestUrls, cancel) ?? 0 : 0;
        var injectedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var ownerUrl = config.FindNode(owner)!.ApiUrl;
        switch (failure)
        {
            case TopologyFailure.VmCrash:
                await PostAsync($"{ownerUrl}/api/vms/{vm}/kill", token, cancel);
                break;
            case TopologyFailure.VmHang:
                await PostAsync($"{ownerUrl}/api/vms/{vm}/hang", token, cancel);
                break;
            case TopologyFailure.HostCrash:
                using (var process = Process.GetProcessById(nodes[owner].ProcessId))
                {
                    process.Kill();
                }

                break;
            default:
                using (var process = Process.GetProcessById(before.Value.Pid))
                {
                    process.Kill();
                }

                break;
        }

        TimeSpan? hostDetect = null, guestDetect = null, back = null;
        var down = false;
        var liveHosts = config.Nodes.Where(n => failure != TopologyFailure.HostCrash || n.Name != owner).Select(n => n.ApiUrl).ToList();
        while (time.GetElapsedTime(started) < window && !(back is { } b && time.GetElapsedTime(started) > b + Settle))
        {
            if (back is null)
            {
                var answer = await ServiceAsync(cancel);
                down |= answer is null;
                if (answer is { } a && (down || a.Pid != before.Value.Pid))
                {
                    back = time.GetElapsedTime(started);
                }
            }

            hostDetect ??= await FirstEventAsync(liveHosts, hostAfter, injectedAt, e => e.Role == vmRole || (!setup.Pinned && e.Kind == "NodeDown" && e.Node == owner), cancel);
            if (setup.Guests)
            {
                guestDetect ??= await FirstEventAsync(guestUrls, guestAfter, injectedAt, e => e.Kind is "NodeDown" or "ResourceFailed" or "RoleMoving", cancel);
            }

            await Task.Delay(Poll, time, cancel);
        }

        return new(hostDetect, guestDetect, back, null);
    }

    private async Task<T?> WaitAsync<T>(Func<Task<T?>> probe, TimeSpan limit, CancellationToken cancel)
    {
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < limit)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancel);
        }

        return default;
    }

    // The example kv service answers "ok node=NAME token=N pid=P".
    private async Task<(string Node, int Pid)?> ServiceAsync(CancellationToken cancel)
    {
        try
        {
            var text = await _http.GetStringAsync(setup.ServiceUrl(net), cancel);
            var parts = text.Trim().Split(' ').Skip(1).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            return (parts["node"], int.Parse(parts["pid"], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    private async Task<string?> OwnerAsync(IReadOnlyList<string> urls, string role, CancellationToken cancel)
    {
        using var status = new StatusClient(_trust, _sockets?.Handler());
        foreach (var url in urls)
        {
            if (await status.TryGetAsync(url, cancel) is { } s && s.Roles.FirstOrDefault(r => r.Name == role) is { State: "Online", Owner: { } owner })
            {
                return owner;
            }
        }

        return null;
    }

    private async Task<long?> LastEventAsync(IReadOnlyList<string> urls, CancellationToken cancel)
    {
        foreach (var url in urls)
        {
            if (await EventsAsync(url, 0, cancel) is { } page)
            {
                return page.RootElement.GetProperty("last").GetInt64();
            }
        }

        return null;
    }

    private async Task<TimeSpan?> FirstEventAsync(IReadOnlyList<string> urls, long after, DateTimeOffset injectedAt, Func<EventView, bool> relevant, CancellationToken cancel)
    {
        foreach (var url in urls)
        {
            using var page = await EventsAsync(url, after, cancel);
            if (page is null)
            {
                continue;
            }

            var first = page.RootElement.GetProperty("events").EnumerateArray()
                .Select(e => new EventView(
                    e.GetProperty("at").GetDateTimeOffset(),
                    e.GetProperty("kind").GetString() ?? "",
                    e.TryGetProperty("role", out var r) ? r.GetString() : null,
                    e.TryGetProperty("node", out var n) ? n.GetString() : null))
                .FirstOrDefault(relevant);
            return first is null ? null : first.At - injectedAt;
        }

        return null;
    }

    private async Task<JsonDocument?> EventsAsync(string url, long after, CancellationToken cancel)
    {
        try
        {
            var text = await _http.GetStringAsync($"{url}/api/events?after={after}", cancel);
            return JsonDocument.Parse(text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    private async Task PostAsync(string url, string token, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, cancel);
        response.EnsureSuccessStatusCode();
    }

    private sealed record EventView(DateTimeOffset At, string Kind, string? Role, string? Node);
}
