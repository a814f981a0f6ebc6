using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Understudy.Core.Nlb;

namespace Understudy.Node.Nlb;

/// <summary>
/// Installs the nftables table that redirects TCP and UDP to the cluster address on ports no rule covers
/// to the uncovered-traffic port (<see cref="UncoveredTraffic.NftScript"/>). Every node applies the
/// same table atomically at start, so any one of them is enough; the table stays when the nodes
/// stop (without listeners the redirected connections are refused, as without the table), and
/// <c>nft delete table ip understudy_…</c> removes it. Needs the <c>nft</c> program and root; a
/// node that cannot install it warns and serves the rules' ports as before.
/// </summary>
internal static partial class UncoveredTrafficRule
{
    public static async Task<bool> InstallAsync(NlbConfig nlb, ILogger logger, CancellationToken token)
    {
        if (UncoveredTraffic.NftScript(nlb) is not { } script)
        {
            return false;
        }

        var start = new ProcessStartInfo("nft") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add("-");
        try
        {
            using var nft = Process.Start(start)!;
            await nft.StandardInput.WriteAsync(script);
            nft.StandardInput.Close();
            var error = await nft.StandardError.ReadToEndAsync(token);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await nft.WaitForExitAsync(timeout.Token);
            if (nft.ExitCode != 0)
            {
                LogFailed(logger, error.Trim());
                return false;
            }
        }
        catch (Win32Exception e)
        {
            LogFailed(logger, $"cannot run nft: {e.Message}");
            return false;
        }

        LogInstalled(logger, UncoveredTraffic.TableName(nlb), nlb.UncoveredPort!.Value);
        return true;
    }

    [LoggerMessage(EventId = 1426, Level = LogLevel.Information, Message = "NLB: nftables table {Table} sends TCP and UDP on ports no rule covers to port {Port}, for the default host")]
    private static partial void LogInstalled(ILogger logger, string table, int port);

    [LoggerMessage(EventId = 1427, Level = LogLevel.Warning, Message = "NLB: cannot install the uncovered-traffic redirect ({Reason}); ports no rule covers stay unanswered. Install nftables and run as root")]
    private static partial void LogFailed(ILogger logger, string reason);
}
