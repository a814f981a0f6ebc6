using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads a list of plain values, such as <c>preferredOwners: [alpha, bravo]</c>.</summary>
internal static class StringListReader
{
    public static ImmutableArray<string>? Read(YamlNode node, string path, ConfigErrorList errors)
    {
        if (node is not YamlSequenceNode list)
        {
            errors.Add(path, node, $"expected a list such as [a, b]; found {YamlText.Describe(node)}");
            return null;
        }

        var items = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (ScalarReader.Text(list.Children[i], $"{path}[{i}]", errors) is { } text)
            {
                items.Add(text);
            }
        }

        return items.Count == list.Children.Count ? items.ToImmutable() : null;
    }
}
