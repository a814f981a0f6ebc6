using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Names of roles and resources: 1-63 letters, digits, '-' or '_' (usable as a file name and CLI argument).</summary>
internal static class Names
{
    private const int MaxLength = 63;

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string? Read(YamlNode at, string path, string what, ConfigErrorList errors)
    {
        if (ScalarReader.Text(at, path, errors) is not { } name)
        {
            return null;
        }

        if (!IsValid(name))
        {
            errors.Add(path, at, $"'{YamlText.Quote(name)}' is not a valid {what} name; use 1-{MaxLength} letters, digits, '-' or '_'");
            return null;
        }

        return name;
    }
}
