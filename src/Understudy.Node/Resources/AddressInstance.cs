using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Understudy.Core.Failover;

namespace Understudy.Node.Resources;

/// <summary>
/// A virtual IP the role owns. On loopback every 127.x address already answers on Linux, so the
/// driver only checks that it can bind the address. On a real interface (as root) it runs
/// <c>ip addr add ADDRESS/PREFIX dev IF</c>, announces it with a gratuitous ARP (<c>arping -U</c>,
/// from iputils-arping, when installed) and removes it on stop.
/// </summary>
internal sealed class AddressInstance(AddressSpec spec) : IResourceInstance
{
    public Task<string> Failure { get; } = new TaskCompletionSource<string>().Task;

    public async Task StartAsync(CancellationToken token)
    {
        var address = IPAddress.Parse(spec.Address);
        if (!spec.IsLoopback)
        {
            await RunAsync("ip", ["addr", "replace", $"{spec.Address}/{spec.PrefixLength}", "dev", spec.Interface], required: true, token);
            await RunAsync("arping", ["-U", "-c", "1", "-I", spec.Interface, spec.Address], required: false, token);
        }

        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
        }
        catch (SocketException e)
        {
            throw new ResourceFailedException($"cannot bind {spec.Address}: {e.Message}", e);
        }
    }

    public async Task StopAsync(CancellationToken token)
    {
        if (!spec.IsLoopback)
        {
            await RunAsync("ip", ["addr", "del", $"{spec.Address}/{spec.PrefixLength}", "dev", spec.Interface], required: false, token);
        }
    }

    private static async Task RunAsync(string command, string[] arguments, bool required, CancellationToken token)
    {
        var start = new ProcessStartInfo(command) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync(token);
            await process.WaitForExitAsync(token);
            if (process.ExitCode != 0 && required)
            {
                throw new ResourceFailedException($"{command} {string.Join(' ', arguments)} failed: {error.Trim()}");
            }
        }
        catch (System.ComponentModel.Win32Exception e) when (!required)
        {
            _ = e; // arping is optional
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ResourceFailedException($"{command} is not installed: {e.Message}", e);
        }
    }
}
