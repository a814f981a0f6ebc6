using System.Globalization;
using Understudy.Core.Membership;

namespace Understudy.Node.Hosting;

/// <summary>
/// The last incarnation a node's data directory gave out (<c>incarnation</c>, one decimal number),
/// so that the next start gets a higher one however its wall clock moved
/// (<see cref="IncarnationRule"/>). Written whole (a rename) and flushed to disk before the node
/// sends its first heartbeat, so a crash right after cannot hand the same number out twice.
/// </summary>
internal static class IncarnationFile
{
    /// <summary>The file's name in the data directory.</summary>
    public const string Name = "incarnation";

    /// <summary>The incarnation of this start, recorded in <paramref name="dataDirectory"/>. A file
    /// that is not a number (damaged) counts as none: the wall clock decides, as on a first start.</summary>
    public static long Claim(string dataDirectory, long wallClockMilliseconds)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, Name);
        long? last = File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var recorded) ? recorded : null;
        var next = IncarnationRule.Next(wallClockMilliseconds, last);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(next.ToString(CultureInfo.InvariantCulture)));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return next;
    }
}
