using System.Globalization;

namespace Understudy.Node.Failover;

/// <summary>
/// The lease deadline as a file the guard processes read: one number, a timestamp of the
/// system-wide monotonic clock (<see cref="TimeProvider.GetTimestamp"/>, CLOCK_MONOTONIC on
/// Linux, the same in every process). Written to a temporary file and renamed, so a reader never
/// sees half a number.
/// </summary>
internal static class LeaseFile
{
    public static void Write(string path, long deadline)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, deadline.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The deadline, or null if the file is missing or unreadable (which means expired).</summary>
    public static long? Read(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path), NumberStyles.None, CultureInfo.InvariantCulture, out var deadline) ? deadline : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
