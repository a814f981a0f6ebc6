using Microsoft.Extensions.Logging;

namespace Understudy.Node.Nlb;

/// <summary>
/// Every node listens on the cluster address with SO_REUSEPORT, and the kernel hands each new
/// connection to one of the listeners. When a node dies, the connections its listener had
/// received but the node had not yet accepted would be reset; with
/// <c>net.ipv4.tcp_migrate_req = 1</c> (Linux 5.14+) the kernel moves them to a surviving
/// listener of the same group instead. The node turns it on when it may (as kube-proxy sets the
/// sysctls it relies on), and says so; otherwise it warns once with the command to run.
/// Measured with <c>bench/Understudy.Bench.Nlb</c>: docs/benchmarks.md.
/// </summary>
internal static partial class AcceptQueueMigration
{
    private const string Path = "/proc/sys/net/ipv4/tcp_migrate_req";

    public static void Ensure(ILogger logger)
    {
        try
        {
            if (!File.Exists(Path))
            {
                LogUnsupported(logger);
                return;
            }

            if (File.ReadAllText(Path).Trim() == "1")
            {
                return;
            }

            File.WriteAllText(Path, "1");
            LogEnabled(logger);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogCannotEnable(logger, e.Message);
        }
    }

    [LoggerMessage(EventId = 1423, Level = LogLevel.Information, Message = "NLB: set net.ipv4.tcp_migrate_req = 1, so connections queued on a dying node's cluster-address listener move to a surviving node")]
    private static partial void LogEnabled(ILogger logger);

    [LoggerMessage(EventId = 1424, Level = LogLevel.Warning, Message = "NLB: cannot set net.ipv4.tcp_migrate_req = 1 ({Reason}); connections queued on a node that dies are reset. Run: sysctl -w net.ipv4.tcp_migrate_req=1")]
    private static partial void LogCannotEnable(ILogger logger, string reason);

    [LoggerMessage(EventId = 1425, Level = LogLevel.Warning, Message = "NLB: this kernel has no net.ipv4.tcp_migrate_req (Linux 5.14+); connections queued on a node that dies are reset")]
    private static partial void LogUnsupported(ILogger logger);
}
