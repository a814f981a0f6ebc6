using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Understudy.Node.Hosting;

/// <summary>
/// How a node logs and tells its supervisor it is up. Under systemd (packaging/systemd,
/// <c>Type=notify</c>): READY=1 once the API listens and every service has started, STOPPING=1 on
/// shutdown, and console lines in the journal's format (<c>&lt;6&gt;category[id] message</c>, the
/// priority prefix and no timestamp: journald stamps and levels each line itself). Elsewhere: one
/// line per event with a millisecond timestamp, as <c>understudy up</c> writes to node.log.
/// </summary>
internal static class NodeConsole
{
    /// <summary>Whether this process was started by systemd as a service.</summary>
    public static bool UnderSystemd => SystemdHelpers.IsSystemdService();

    public static void Configure(ILoggingBuilder logging, IServiceCollection services)
    {
        logging.ClearProviders();
        if (UnderSystemd)
        {
            // AddSystemd registers the notify lifetime and selects the systemd console formatter.
            services.AddSystemd();
            logging.AddSystemdConsole();
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
    }
}
