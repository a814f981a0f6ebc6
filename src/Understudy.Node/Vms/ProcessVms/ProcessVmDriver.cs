using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Understudy.Core.Security;
using Understudy.Core.Vms;
using Understudy.Node.Resources;
using Understudy.Node.Vms.Agent;

namespace Understudy.Node.Vms.ProcessVms;

/// <summary>
/// The default VM driver: a VM is an isolated process tree — its own process group (so kill,
/// hang and resume reach every process of it), its own loopback address and its own data folder —
/// running the guest agent and the guest's workload. Works on every Linux machine.
/// </summary>
public sealed class ProcessVmDriver(ProcessVmDriverOptions options) : IVmDriver
{
    /// <inheritdoc />
    public VmDriverKind Kind => VmDriverKind.Process;

    /// <inheritdoc />
    public string? Unavailable => File.Exists("/usr/bin/setsid") || File.Exists("/bin/setsid") ? null : "setsid (util-linux) is not installed";

    /// <inheritdoc />
    public Task<IVirtualMachine> StartAsync(VmSettings settings, CancellationToken token = default)
    {
        VmStart.Check(settings, this);
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
            Address = options.AddressOf(settings.Name).ToString(),
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
        var process = Launch(configFile, console);
        return Task.FromResult<IVirtualMachine>(new ProcessVm(settings, directory, console, process, socket));
    }

    // sh -c 'exec setsid AGENT … >>console.log 2>&1': one pid from the shell to the agent (every
    // step execs), which leads its own session and process group, with its output in the log.
    private System.Diagnostics.Process Launch(string configFile, string console)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >>\"$UNDERSTUDY_CONSOLE\" 2>&1 </dev/null");
        start.ArgumentList.Add("sh");
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
