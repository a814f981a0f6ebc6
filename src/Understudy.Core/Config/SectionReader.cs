using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads one top-level section of the cluster file into the draft, reporting every problem.</summary>
/// <param name="value">The section's YAML node (never null: absent sections are not read).</param>
/// <param name="path">The section's key, the prefix of every path it reports.</param>
/// <param name="draft">Where the section's settings go.</param>
/// <param name="errors">Where its problems go.</param>
internal delegate void SectionReader(YamlNode value, string path, ClusterFileDraft draft, ConfigErrorList errors);
