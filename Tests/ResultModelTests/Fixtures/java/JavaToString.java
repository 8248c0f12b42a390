// Prints "d<hex bits> <Double.toString>" and "f<hex bits> <Float.toString>" lines for random
// values of many shapes, so JavaFloatTextTests can compare with the running Java's own output.
// Usage: java JavaToString.java COUNT SEED
import java.io.*;
import java.util.Random;

public class JavaToString {
  public static void main(String[] args) throws Exception {
    long count = Long.parseLong(args[0]);
    Random random = new Random(Long.parseLong(args[1]));
    PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out), 1 << 20));
    for (long i = 0; i < count; i++) {
      int kind = (int) (i % 6);
      double d;
      switch (kind) {
        case 0: d = Double.longBitsToDouble(random.nextLong()); break;
        case 1: d = (random.nextDouble() * 2 - 1) * Math.pow(10, random.nextInt(40) - 20); break;
        case 2: d = Math.round(random.nextDouble() * 1e6 * Math.pow(10, random.nextInt(7))) / Math.pow(10, random.nextInt(7)); break;
        case 3: d = (double) (random.nextLong() >> random.nextInt(64)); break;
        case 4: d = Double.longBitsToDouble(random.nextLong() & 0x000FFFFFFFFFFFFFL); break;
        default: d = Math.scalb(1.0 + random.nextInt(1 << random.nextInt(20)), random.nextInt(2100) - 1075);
      }
      out.print('d'); out.print(Long.toHexString(Double.doubleToRawLongBits(d)));
      out.print(' '); out.println(Double.toString(d));
      float f;
      if (kind < 2) f = Float.intBitsToFloat(random.nextInt());
      else if (kind == 2) f = (float) d;
      else if (kind == 3) f = Float.intBitsToFloat(random.nextInt() & 0x7FFFFF);
      else f = (float) ((random.nextFloat() * 2 - 1) * Math.pow(10, random.nextInt(20) - 10));
      out.print('f'); out.print(Integer.toHexString(Float.floatToRawIntBits(f)));
      out.print(' '); out.println(Float.toString(f));
    }
    out.flush();
  }
}
