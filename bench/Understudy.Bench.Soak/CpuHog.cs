using System.Diagnostics;
using System.Globalization;

namespace Understudy.Bench.Soak;

/// <summary>Busy loops that keep every core saturated, each a <c>timeout N sh -c 'while :; do :; done'</c>
/// so it ends by itself even if this program dies; <see cref="Dispose"/> ends them sooner.</summary>
internal sealed class CpuHog : IDisposable
{
    private readonly List<Process> _loops;

    private CpuHog(List<Process> loops) => _loops = loops;

    public static CpuHog Start(int loops, TimeSpan longest)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(longest.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return new CpuHog([.. Enumerable.Range(0, loops).Select(_ => Process.Start(new ProcessStartInfo("timeout") { ArgumentList = { seconds, "sh", "-c", "while :; do :; done" }, UseShellExecute = false })!)]);
    }

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            if (!loop.HasExited)
            {
                loop.Kill(entireProcessTree: true);
            }

            loop.WaitForExit();
            loop.Dispose();
        }
    }
}
