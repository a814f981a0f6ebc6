using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Understudy.Core.Nlb;

namespace Understudy.Node.Nlb;

/// <summary>
/// Installs the nftables table that redirects TCP and UDP to the cluster address on ports no rule
/// covers to the uncovered-traffic port (<see cref="UncoveredTraffic.NftScript"/>). Every node
/// applies the same table atomically at start, so any one of them is enough, and the last node of
/// the host to stop removes it. A host-wide lock orders the two: a node binds its uncovered-traffic
/// listeners and installs the table under it, and a stopping node, its listeners closed, removes
/// the table under it only if no listener is left on the port. A killed node leaves the table
/// (without listeners the redirected connections are refused, as without the table), and
/// <c>nft delete table ip understudy_…</c> removes it. Needs the <c>nft</c> program and root; a
/// node that cannot install it warns and serves the rules' ports as before.
/// </summary>
internal static partial class UncoveredTrafficRule
{
    /// <summary>Installs the table (call under <see cref="LockAsync"/>, once this node listens on
    /// the uncovered-traffic port); false, having said why, if it could not.</summary>
    public static async Task<bool> InstallAsync(NlbConfig nlb, ILogger logger, CancellationToken token)
    {
        if (UncoveredTraffic.NftScript(nlb) is not { } script)
        {
            return false;
        }

        if (await RunNftAsync(script, token) is { } error)
        {
            LogFailed(logger, error);
            return false;
        }

        LogInstalled(logger, UncoveredTraffic.TableName(nlb), nlb.UncoveredPort!.Value);
        return true;
    }

    /// <summary>Removes the table if no process of this host listens on the uncovered-traffic port
    /// any more (call under <see cref="LockAsync"/>, this node's listeners closed).</summary>
    public static async Task RemoveIfLastAsync(NlbConfig nlb, ILogger logger, CancellationToken token)
    {
        if (nlb.UncoveredPort is not { } port || Listening(nlb.ClusterAddress, port))
        {
            return;
        }

        if (await RunNftAsync(UncoveredTraffic.RemoveScript(nlb), token) is null)
        {
            LogRemoved(logger, UncoveredTraffic.TableName(nlb));
        }
    }

    /// <summary>The host-wide lock of the cluster address's table: held while a node starts
    /// listening and installs it, or stops and may remove it.</summary>
    public static async Task<IDisposable> LockAsync(NlbConfig nlb, TimeProvider time, CancellationToken token)
    {
        var folder = Directory.Exists("/run/lock") ? "/run/lock" : Path.GetTempPath();
        var path = Path.Combine(folder, UncoveredTraffic.TableName(nlb) + ".lock");
        while (true)
        {
            try
            {
                // On Linux FileShare.None takes an exclusive flock, released when the stream closes
                // (also when the process dies).
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, token);
            }
        }
    }

    /// <summary>Whether a TCP socket listens on <paramref name="address"/>:<paramref name="port"/>
    /// (the kernel's socket table, /proc/net/tcp or tcp6).</summary>
    internal static bool Listening(IPAddress address, int port)
    {
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var bytes = address.GetAddressBytes();
        var hex = new StringBuilder();
        for (var word = 0; word < bytes.Length; word += 4)
        {
            // Each 32-bit word as the kernel prints it: host (little-endian) order.
            hex.Append(CultureInfo.InvariantCulture, $"{bytes[word + 3]:X2}{bytes[word + 2]:X2}{bytes[word + 1]:X2}{bytes[word]:X2}");
        }

        var local = $"{hex}:{port:X4}";
        return File.ReadLines(v6 ? "/proc/net/tcp6" : "/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(f => f.Length > 3 && f[1] == local && f[3] == "0A");
    }

    /// <summary>Runs an nft script; null on success, else what went wrong.</summary>
    internal static Task<string?> RunNftAsync(string script, CancellationToken token) =>
        Native.HostCommand.RunAsync("nft", ["-f", "-"], script, token);

    [LoggerMessage(EventId = 1426, Level = LogLevel.Information, Message = "NLB: nftables table {Table} sends TCP and UDP on ports no rule covers to port {Port}, for the default host")]
    private static partial void LogInstalled(ILogger logger, string table, int port);

    [LoggerMessage(EventId = 1432, Level = LogLevel.Information, Message = "NLB: removed nftables table {Table}: no node of this host listens for uncovered traffic any more")]
    private static partial void LogRemoved(ILogger logger, string table);

    [LoggerMessage(EventId = 1427, Level = LogLevel.Warning, Message = "NLB: cannot install the uncovered-traffic redirect ({Reason}); ports no rule covers stay unanswered. Install nftables and run as root")]
    private static partial void LogFailed(ILogger logger, string reason);
}
