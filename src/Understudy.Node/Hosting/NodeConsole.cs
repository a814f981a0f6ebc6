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

    public static void Configure(ILoggingBuilder logging, IServiceCollection services, NodeLogFormat format = NodeLogFormat.Auto, LogLevel minimum = LogLevel.Information)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(minimum);
        if (UnderSystemd)
        {
            // AddSystemd registers the notify lifetime (and selects the systemd console formatter,
            // which the format below may override).
            services.AddSystemd();
        }

        switch (format == NodeLogFormat.Auto ? UnderSystemd ? NodeLogFormat.Journald : NodeLogFormat.Text : format)
        {
            case NodeLogFormat.Journald:
                logging.AddSystemdConsole();
                break;
            case NodeLogFormat.Json:
                logging.AddJsonConsole(o =>
                {
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                    o.UseUtcTimestamp = true;
                });
                break;
            default:
                logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss.fff ";
                });
                break;
        }
    }
}
