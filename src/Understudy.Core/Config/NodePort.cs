using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>One port of a node as read: its key, its number (null if invalid) and where it is
/// (the node's mapping when the port is the default).</summary>
internal sealed record NodePort(string Key, int? Number, YamlNode At);
