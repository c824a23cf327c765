using System.Buffers.Binary;
using System.IO.Compression;

namespace Downhill.Learning.Data;

/// <summary>
/// Reads IDX files (LeCun's format of MNIST and Fashion-MNIST), gzip-compressed or plain: a big-endian header
/// (magic 0x00000803 for images, 0x00000801 for labels, then the sizes) followed by unsigned bytes.
/// </summary>
public static class IdxFile
{
    /// <summary>Images as features in [0, 1] (pixel/255), and labels, as a data set of 10 classes.</summary>
    public static Dataset Load(string imagesPath, string labelsPath, string name, IReadOnlyList<string> classNames)
    {
        var (pixels, count, width) = ReadImages(imagesPath);
        byte[] labels = ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new InputException($"'{imagesPath}' has {count} images but '{labelsPath}' has {labels.Length} labels");
        var features = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) features[i] = pixels[i] / 255f;
        var targets = new float[count];
        for (int i = 0; i < count; i++)
        {
            if (labels[i] >= classNames.Count)
                throw new InputException($"'{labelsPath}': label {labels[i]} of image {i} is not below {classNames.Count}");
            targets[i] = labels[i];
        }
        return new Dataset(name, features, targets, width, classNames);
    }

    /// <summary>The pixels of every image, the image count and the pixels per image.</summary>
    public static (byte[] Pixels, int Count, int PixelsPerImage) ReadImages(string path)
    {
        byte[] bytes = ReadAll(path);
        Check(bytes, path, 0x803, 16);
        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        int rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        int columns = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        long expected = 16L + (long)count * rows * columns;
        if (count < 0 || rows <= 0 || columns <= 0 || bytes.Length != expected)
            throw new InputException($"'{path}': header says {count} images of {rows}×{columns} ({expected} bytes), file has {bytes.Length}");
        return (bytes[16..], count, rows * columns);
    }

    public static byte[] ReadLabels(string path)
    {
        byte[] bytes = ReadAll(path);
        Check(bytes, path, 0x801, 8);
        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (count < 0 || bytes.Length != 8L + count)
            throw new InputException($"'{path}': header says {count} labels, file has {bytes.Length - 8} bytes of them");
        return bytes[8..];
    }

    private static void Check(byte[] bytes, string path, int magic, int header)
    {
        if (bytes.Length < header || BinaryPrimitives.ReadInt32BigEndian(bytes) != magic)
            throw new InputException($"'{path}' is not an IDX {(magic == 0x803 ? "image" : "label")} file (magic 0x{magic:x8} expected)");
    }

    private static byte[] ReadAll(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            bool gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
            file.Position = 0;
            using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new InputException($"cannot read '{path}': {e.Message}");
        }
    }
}
