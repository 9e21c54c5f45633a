import { Type } from 'typebox';

const CheckState = Type.Union([Type.Literal('up'), Type.Literal('down')]);

export const LiveResponse = Type.Object(
  { status: Type.Literal('ok') },
  { description: 'The process is up and serving HTTP.' },
);

export const ReadyResponse = Type.Object(
  {
    status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
    checks: Type.Object({ redis: CheckState, queue: CheckState }),
  },
  { description: 'Whether Redis answers and the send queue is reachable.' },
);
