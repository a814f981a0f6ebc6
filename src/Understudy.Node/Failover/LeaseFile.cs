using System.Globalization;

namespace Understudy.Node.Failover;

/// <summary>
/// The lease deadline as a file the guard processes read: one number, a timestamp of the
/// system-wide monotonic clock (<see cref="TimeProvider.GetTimestamp"/>, CLOCK_MONOTONIC on
/// Linux, the same in every process). Written to a temporary file and renamed, so a reader never
/// sees half a number.
/// <para>
/// Each incarnation of a node has its own files (<c>NAME.INCARNATION</c>) and removes those of
/// the incarnations before it when it starts (<see cref="RemoveEarlier"/>): a node killed with
/// kill -9 and started again before its lease ran out would otherwise write on the file its
/// predecessor's guards still watch, and keep their orphaned workloads running beside its own.
/// A guard whose file is gone ends its workload within a poll.
/// </para>
/// </summary>
internal static class LeaseFile
{
    /// <summary>The file <paramref name="name"/> of incarnation <paramref name="incarnation"/> in <paramref name="directory"/>.</summary>
    public static string Of(string directory, string name, long incarnation) =>
        Path.Combine(directory, $"{name}.{incarnation.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Removes every file <paramref name="name"/> (of any incarnation, or of none: the
    /// name alone, as earlier versions wrote it) in the directory of <paramref name="keep"/>, except <paramref name="keep"/>.</summary>
    public static void RemoveEarlier(string name, string keep)
    {
        var directory = Path.GetDirectoryName(keep)!;
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(directory, name + "*"))
        {
            // NAME, NAME.DIGITS or NAME.DIGITS.tmp: not another file that merely starts with NAME.
            var rest = Path.GetFileName(file)[name.Length..];
            var incarnation = rest.StartsWith('.') ? rest[1..].Split('.')[0] : null;
            var theirs = rest.Length == 0 || incarnation is { Length: > 0 } && incarnation.All(char.IsAsciiDigit);
            if (theirs && file != keep && file != keep + ".tmp")
            {
                File.Delete(file);
            }
        }
    }

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
