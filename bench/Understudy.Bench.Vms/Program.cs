using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Understudy.Core.Security;
using Understudy.Core.Vms;
using Understudy.Node.Hosting;
using Understudy.Node.Vms;
using Understudy.Node.Vms.ProcessVms;
using Understudy.Node.Vms.Qemu;

// bench/vms: for each VM driver, boot a VM on host a, kill it, and time until the host's VM
// monitoring calls it silent and until it heartbeats again from a fresh start on host b; then,
// for QEMU, live-migrate a VM N times and report QEMU's downtime and the longest heartbeat gap.
// `roles`: the same through roles on three real nodes (RoleBench).
if (args.FirstOrDefault() == "roles")
{
    Console.WriteLine("# dotnet run -c Release --project bench/Understudy.Bench.Vms -- " + string.Join(' ', args));
    Console.WriteLine($"# {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
    var driverArg = Array.IndexOf(args, "--driver") is var d and >= 0 && d + 1 < args.Length ? args[d + 1] : "process,qemu";
    var image0 = Environment.GetEnvironmentVariable("UNDERSTUDY_GUEST_DIR") ?? Path.Combine(FindRepository(), ".understudy", "guest");
    Environment.SetEnvironmentVariable("UNDERSTUDY_GUEST_DIR", image0);
    return await Understudy.Bench.Vms.RoleBench.RunAsync(driverArg.Split(','), ArgInt("--kills", 5), ArgInt("--migrations", 5));
}

var rounds = ArgInt("--rounds", 5);
var migrations = ArgInt("--migrations", 5);
Console.WriteLine("# dotnet run -c Release --project bench/Understudy.Bench.Vms -- " + string.Join(' ', args));
Console.WriteLine($"# {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");

var keys = ClusterKeys.Derive("bench-key-0123456789"u8, "bench");
var root = Directory.CreateTempSubdirectory("understudy-bench-vms-").FullName;
var clock = new Monotonic(TimeProvider.System);
var agent = new AgentLauncher(Path.Combine(AppContext.BaseDirectory, "understudy"), []);
var image = Environment.GetEnvironmentVariable("UNDERSTUDY_GUEST_DIR") ?? Path.Combine(FindRepository(), ".understudy", "guest");

try
{
    IVmDriver ProcessHost(string host) => new ProcessVmDriver(new ProcessVmDriverOptions { RootDirectory = Path.Combine(root, host), Agent = agent, GuestAgentKey = keys.GuestAgentKey });
    QemuVmDriver QemuHost(string host) => new(new QemuDriverOptions { RootDirectory = Path.Combine(root, host), GuestImageDirectory = image, GuestAgentKey = keys.GuestAgentKey }, TimeProvider.System);

    await FailoverAsync("process", ProcessHost, rounds);
    if (QemuHost("probe").Unavailable is { } reason)
    {
        Console.WriteLine($"qemu: skipped, {reason}");
    }
    else
    {
        await FailoverAsync("qemu", QemuHost, rounds);
        await MigrationsAsync(QemuHost("mig-a"), QemuHost("mig-b"), migrations);
    }
}
finally
{
    Directory.Delete(root, recursive: true);
}

return 0;

async Task FailoverAsync(string driverName, Func<string, IVmDriver> host, int count)
{
    var detect = new List<double>();
    var restart = new List<double>();
    for (var i = 0; i < count; i++)
    {
        var settings = new VmSettings { Name = $"{driverName}-{i}-{Guid.NewGuid().ToString("n")[..6]}" };
        await using var monitor = new VmMonitor(settings, ClusterKeys.ForVm(keys.GuestAgentKey.Span, settings.Name), clock);
        await using var first = await host("a").StartAsync(settings);
        monitor.Attach(first);
        await WaitAsync(() => monitor.Verdict().Condition == VmCondition.Healthy, "boot on a");

        var watch = Stopwatch.StartNew();
        await first.KillAsync();
        await WaitAsync(() => monitor.Verdict().Condition == VmCondition.Silent, "silence");
        var silentAt = watch.Elapsed;
        await using var second = await host("b").StartAsync(settings);
        monitor.Attach(second);
        var incarnation = monitor.LastHeartbeat!.Incarnation;
        await WaitAsync(() => monitor.LastHeartbeat!.Incarnation != incarnation, "first heartbeat on b");
        var backAt = watch.Elapsed;
        detect.Add(silentAt.TotalMilliseconds);
        restart.Add((backAt - silentAt).TotalMilliseconds);
        Console.WriteLine($"{driverName} round {i + 1}: silent after {silentAt.TotalMilliseconds:0} ms, heartbeating on host b {(backAt - silentAt).TotalMilliseconds:0} ms later, {backAt.TotalMilliseconds:0} ms from kill");
        await second.StopAsync(TimeSpan.FromSeconds(10));
    }

    Console.WriteLine($"{driverName}: detection median {Median(detect):0} ms; restart on another host median {Median(restart):0} ms (max {restart.Max():0}); kill to heartbeat median {Median(detect.Zip(restart, (d, r) => d + r).ToList()):0} ms");
}

async Task MigrationsAsync(QemuVmDriver a, QemuVmDriver b, int count)
{
    var settings = new VmSettings { Name = "mig-" + Guid.NewGuid().ToString("n")[..6] };
    await using var monitor = new VmMonitor(settings, ClusterKeys.ForVm(keys.GuestAgentKey.Span, settings.Name), clock);
    var arrivals = new List<TimeSpan>();
    monitor.HeartbeatAccepted += (_, at) =>
    {
        lock (arrivals)
        {
            arrivals.Add(at);
        }
    };
    var owned = new List<IVirtualMachine>();
    var current = (QemuVm)await a.StartAsync(settings);
    owned.Add(current);
    monitor.Attach(current);
    await WaitAsync(() => monitor.Verdict().Condition == VmCondition.Healthy, "boot");
    var downtimes = new List<double>();
    var gaps = new List<double>();
    for (var i = 0; i < count; i++)
    {
        await WaitAsync(() => monitor.SinceLastHeartbeat() is { } s && s < TimeSpan.FromMilliseconds(100), "a recent beat");
        var target = await (i % 2 == 0 ? b : a).StartIncomingAsync(settings, FreePort());
        owned.Add(target);
        monitor.Attach(target);
        int mark;
        lock (arrivals)
        {
            mark = arrivals.Count;
        }

        var result = await current.MigrateAsync($"tcp:127.0.0.1:{PortOf(target)}");
        await target.WaitForMigrationInAsync();
        var sequence = monitor.LastHeartbeat!.Sequence;
        await WaitAsync(() => monitor.LastHeartbeat!.Sequence > sequence + 8, "beats after migration");
        double gap;
        lock (arrivals)
        {
            var window = arrivals.Skip(Math.Max(0, mark - 1)).ToList();
            gap = window.Zip(window.Skip(1), (x, y) => (y - x).TotalMilliseconds).Max();
        }

        downtimes.Add(result.Downtime.TotalMilliseconds);
        gaps.Add(gap);
        Console.WriteLine($"migration {i + 1}: {result.Status}, total {result.TotalTime.TotalMilliseconds:0} ms, QEMU downtime {result.Downtime.TotalMilliseconds:0} ms, longest heartbeat gap {gap:0} ms (interval {settings.HeartbeatInterval.TotalMilliseconds:0} ms)");
        current = target;
    }

    Console.WriteLine($"qemu live migration: downtime median {Median(downtimes):0} ms (max {downtimes.Max():0}); longest heartbeat gap median {Median(gaps):0} ms (max {gaps.Max():0})");
    foreach (var vm in owned)
    {
        await vm.DisposeAsync();
    }
}

static async Task WaitAsync(Func<bool> condition, string what)
{
    var limit = Stopwatch.StartNew();
    while (!condition())
    {
        if (limit.Elapsed > TimeSpan.FromSeconds(120))
        {
            throw new TimeoutException(what);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(5));
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static int PortOf(QemuVm vm) => vm.IncomingPort ?? throw new InvalidOperationException("not an incoming VM");

static string FindRepository()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Understudy.slnx")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? Environment.CurrentDirectory;
}

int ArgInt(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
