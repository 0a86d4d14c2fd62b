using System.Xml;

namespace PaymentCore.Iso20022.IO;

/// <summary>
/// Walks the children of one element with a forward-only <see cref="XmlReader"/>: the two moves every streaming
/// reader of ISO 20022 documents here (pain.001, pain.002) makes, so the files are never loaded whole.
/// </summary>
internal static class XmlChildren
{
    /// <summary>Moves into the current element; returns its depth, or -1 when it is empty (it has no children).</summary>
    public static async ValueTask<int> EnterAsync(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            await reader.ReadAsync().ConfigureAwait(false);
            return -1;
        }

        var depth = reader.Depth;
        await reader.ReadAsync().ConfigureAwait(false);
        return depth;
    }

    /// <summary>
    /// Moves to the next child element of the element at <paramref name="parentDepth"/>; at the parent's end tag,
    /// moves past it and returns <see langword="false"/>. An empty parent (-1 from <see cref="EnterAsync"/>) has no
    /// child. Every caller consumes the child it is given.
    /// </summary>
    /// <exception cref="Exception">What <paramref name="truncated"/> makes, when the input ends inside the parent.</exception>
    public static async ValueTask<bool> NextAsync(XmlReader reader, int parentDepth, Func<Exception> truncated)
    {
        if (parentDepth < 0)
        {
            return false;
        }

        while (true)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == parentDepth + 1)
            {
                return true;
            }

            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == parentDepth)
            {
                await reader.ReadAsync().ConfigureAwait(false);
                return false;
            }

            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                throw truncated();
            }
        }
    }
}
