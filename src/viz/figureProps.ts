// What every figure of the kit takes besides its data: a title, where its numbers come from, and a caption.
import type { ReactNode } from 'react';
import type { FigureSource } from './FigureFrame';

export interface FrameProps {
  title: string;
  source: FigureSource;
  caption?: ReactNode;
}
