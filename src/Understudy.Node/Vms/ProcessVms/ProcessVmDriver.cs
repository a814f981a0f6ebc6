using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Understudy.Core.Security;
using Understudy.Core.Vms;
using Understudy.Core.Vms.Network;
using Understudy.Node.Resources;
using Understudy.Node.Vms.Agent;

namespace Understudy.Node.Vms.ProcessVms;

/// <summary>
/// The default VM driver: a VM is an isolated process tree — its own process group (so kill,
/// hang and resume reach every process of it), its own address and its own data folder —
/// running the guest agent and the guest's workload. A VM with an address runs in a network
/// namespace of its own on the host's VM bridge (<see cref="VmCableLink"/>; needs root); one
/// without shares the host's network stack at a loopback address, which works on every Linux
/// machine but isolates nothing: a hung VM's sockets stay bound.
/// </summary>
public sealed partial class ProcessVmDriver(ProcessVmDriverOptions options) : IVmDriver
{
    private const string NsEnter = "nsenter";

    /// <summary>How long the VM's first process may take to enter its network namespace (a process
    /// start and an exec: milliseconds, more on a busy machine).</summary>
    private static readonly TimeSpan NamespaceEntryLimit = TimeSpan.FromSeconds(10);
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public VmDriverKind Kind => VmDriverKind.Process;

    /// <inheritdoc />
    public string? Unavailable => File.Exists("/usr/bin/setsid") || File.Exists("/bin/setsid") ? null : "setsid (util-linux) is not installed";

    /// <inheritdoc />
    public async Task<IVirtualMachine> StartAsync(VmSettings settings, CancellationToken token = default)
    {
        VmStart.Check(settings, this);
        var cable = settings.Address is null ? null : new VmCableLink(CableOf(settings));
        if (cable is null)
        {
            WarnShared(settings.Name);
        }

        var directory = Path.Combine(options.RootDirectory, settings.Name);
        var data = Path.Combine(directory, "data");
        Directory.CreateDirectory(data);

        var keyFile = Path.Combine(directory, "agent.key");
        VmStart.WriteSecret(keyFile, Convert.ToHexStringLower(ClusterKeys.ForVm(options.GuestAgentKey.Span, settings.Name)));

        var socket = new Socket(options.HostAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(options.HostAddress, 0));
        var host = (IPEndPoint)socket.LocalEndPoint!;

        var config = new GuestAgentConfig
        {
            Name = settings.Name,
            Address = (settings.Address ?? options.AddressOf(settings.Name)).ToString(),
            Host = host.ToString(),
            KeyFile = keyFile,
            DataDirectory = data,
            IntervalMs = (int)settings.HeartbeatInterval.TotalMilliseconds,
            CheckIntervalMs = (int)settings.ServiceCheckInterval.TotalMilliseconds,
            Workload = settings.Workload,
            Services = [.. settings.Services.Select(s => new GuestAgentService(s.Name, s.Check))],
        };
        var configFile = Path.Combine(directory, "agent.json");
        File.WriteAllText(configFile, JsonSerializer.Serialize(config, GuestAgentConfig.Json));

        var console = Path.Combine(directory, "console.log");
        if (cable is not null)
        {
            try
            {
                await cable.CreateAsync(settings.Name, token);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var process = Launch(configFile, console, cable);
        if (cable is not null)
        {
            await cable.ReleaseNameAsync(process.Id, NamespaceEntryLimit, options.Time, token);
        }

        return new ProcessVm(settings, directory, console, process, socket, cable);
    }

    private VmCable CableOf(VmSettings settings)
    {
        var bridge = options.Bridge ?? throw new InvalidOperationException(options.BridgeProblem is { } problem
            ? $"VM {settings.Name} has address {settings.Address}, but this host's VM bridge is not usable: {problem}"
            : $"VM {settings.Name} has address {settings.Address}, but this host has no VM bridge to cable it to: set {VmBridge.Variable}=BRIDGE (a bridge on the host's LAN, docs/vms.md) for the node, or leave the address out to run it on the host's own network stack (which isolates nothing)");
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException($"VM {settings.Name} has an address: its own network namespace needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN); run the node as root, or leave the address out to run it on the host's own network stack");
        }

        return VmCable.For(options.HostName, settings, bridge);
    }

    private void WarnShared(string vm)
    {
        lock (_warned)
        {
            if (!_warned.Add(vm))
            {
                return;
            }
        }

        if (options.Log is { } log)
        {
            LogSharesHostStack(log, vm);
        }
    }

    [LoggerMessage(EventId = 5141, Level = LogLevel.Warning, Message = "VM {Vm} has no address, so it shares this host's network stack: a hung VM keeps its sockets and ports bound here, and its services cannot move to another host's VM while it hangs; give it an address on a VM bridge to isolate it (docs/vms.md)")]
    private static partial void LogSharesHostStack(ILogger logger, string vm);

    // sh -c 'exec setsid AGENT … >>console.log 2>&1': one pid from the shell to the agent (every
    // step execs), which leads its own session and process group, with its output in the log.
    private System.Diagnostics.Process Launch(string configFile, string console, VmCableLink? cable)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >>\"$UNDERSTUDY_CONSOLE\" 2>&1 </dev/null");
        start.ArgumentList.Add("sh");
        if (cable is not null)
        {
            // nsenter execs in place too: the VM's processes live in its namespace from the start.
            start.ArgumentList.Add(NsEnter);
            start.ArgumentList.Add($"--net={cable.NamespacePath}");
            start.ArgumentList.Add("--");
        }

        start.ArgumentList.Add(ProcessGroup.SetSid);
        IReadOnlyList<string> agent = [options.Agent.FileName, .. options.Agent.Prefix, "agent", "run", "--config", configFile];
        if (options.LeaseFile is { } lease)
        {
            // setsid GUARD … -- AGENT …: the guard leads the VM's process group, so kill, hang
            // and resume still reach every process of the VM.
            agent = GuardCommandLine.Wrap(lease, console, 15, TimeSpan.FromSeconds(5), agent, options.Agent);
        }

        foreach (var arg in agent)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["UNDERSTUDY_CONSOLE"] = console;
        return System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start the guest agent");
    }
}
